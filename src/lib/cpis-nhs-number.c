/* cpis-nhs-number.c: parsing, checking and formatting NHS numbers
 *
 * People type NHS numbers in many ways: "999 765 4323", "999-765-4323",
 * pasted with a non-breaking space, or read in by a barcode scanner.
 * Separators (spaces, tabs, dashes) are accepted anywhere; anything else
 * that is not a digit is refused, with a message a triage nurse can act on.
 */
#include "cpis-nhs-number.h"

#include <string.h>

#define NHS_NUMBER_DIGITS 10

G_DEFINE_QUARK (cpis-nhs-number-error-quark, cpis_nhs_number_error)

/* Characters people (or their clipboard) put between groups of digits */
static gboolean
is_separator (gunichar c)
{
  switch (c)
    {
    case ' ':
    case '\t':
    case '\n':
    case '\r':
    case '-':
    case 0x00A0: /* no-break space, common in pasted text */
    case 0x2007: /* figure space */
    case 0x202F: /* narrow no-break space */
    case 0x2010: /* hyphen */
    case 0x2011: /* non-breaking hyphen */
    case 0x2012: /* figure dash */
    case 0x2013: /* en dash, what word processors turn "-" into */
    case 0x2212: /* minus sign */
      return TRUE;
    default:
      return FALSE;
    }
}

/* Collects the ASCII digits of @text into @digits (which may be longer than
 * ten). On a character that is neither a digit nor a separator returns FALSE
 * and sets @bad_char (0 for text that is not UTF-8). */
static gboolean
collect_digits (const char *text,
                GString    *digits,
                gunichar   *bad_char)
{
  const char *p;

  if (!g_utf8_validate (text, -1, NULL))
    {
      *bad_char = 0;
      return FALSE;
    }

  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= '0' && c <= '9')
        g_string_append_c (digits, (char) c);
      else if (!is_separator (c))
        {
          *bad_char = c;
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
is_ascii_digits (const char *text,
                 gsize       len)
{
  if (text == NULL || strlen (text) != len)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;

  return TRUE;
}

static void
set_invalid_character_error (GError   **error,
                             gunichar   bad_char)
{
  if (bad_char != 0 && g_unichar_isgraph (bad_char))
    {
      char utf8[7] = { 0 };

      g_unichar_to_utf8 (bad_char, utf8);
      g_set_error (error, CPIS_NHS_NUMBER_ERROR, CPIS_NHS_NUMBER_ERROR_INVALID_CHARACTER,
                   "An NHS number can only contain digits, spaces and dashes; “%s” is not allowed.",
                   utf8);
    }
  else
    {
      g_set_error_literal (error, CPIS_NHS_NUMBER_ERROR, CPIS_NHS_NUMBER_ERROR_INVALID_CHARACTER,
                           "An NHS number can only contain digits, spaces and dashes; "
                           "this contains a character that is none of these.");
    }
}

int
cpis_nhs_number_check_digit (const char *nine_digits)
{
  unsigned int sum = 0;
  unsigned int check;

  if (!is_ascii_digits (nine_digits, NHS_NUMBER_DIGITS - 1))
    return -1;

  /* Modulus 11: weights 10 down to 2 on digits 1–9 */
  for (unsigned int i = 0; i < NHS_NUMBER_DIGITS - 1; i++)
    sum += (unsigned int) (nine_digits[i] - '0') * (NHS_NUMBER_DIGITS - i);

  check = 11 - (sum % 11);
  if (check == 11)
    return 0;
  if (check == 10)
    return -1;

  return (int) check;
}

char *
cpis_nhs_number_parse (const char  *text,
                       GError     **error)
{
  g_autoptr(GString) digits = NULL;
  char nine[NHS_NUMBER_DIGITS];
  gunichar bad_char = 0;
  int check;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  digits = g_string_new (NULL);

  if (!collect_digits (text, digits, &bad_char))
    {
      set_invalid_character_error (error, bad_char);
      return NULL;
    }

  if (digits->len == 0)
    {
      g_set_error_literal (error, CPIS_NHS_NUMBER_ERROR, CPIS_NHS_NUMBER_ERROR_EMPTY,
                           "No NHS number was entered. An NHS number has 10 digits.");
      return NULL;
    }

  if (digits->len < NHS_NUMBER_DIGITS)
    {
      g_set_error (error, CPIS_NHS_NUMBER_ERROR, CPIS_NHS_NUMBER_ERROR_TOO_SHORT,
                   "An NHS number has 10 digits; this has %u.", (guint) digits->len);
      return NULL;
    }

  if (digits->len > NHS_NUMBER_DIGITS)
    {
      g_set_error (error, CPIS_NHS_NUMBER_ERROR, CPIS_NHS_NUMBER_ERROR_TOO_LONG,
                   "An NHS number has 10 digits; this has %u.", (guint) digits->len);
      return NULL;
    }

  memcpy (nine, digits->str, NHS_NUMBER_DIGITS - 1);
  nine[NHS_NUMBER_DIGITS - 1] = '\0';
  check = cpis_nhs_number_check_digit (nine);

  if (check < 0)
    {
      g_set_error_literal (error, CPIS_NHS_NUMBER_ERROR, CPIS_NHS_NUMBER_ERROR_CHECK_DIGIT_TEN,
                           "This is not a valid NHS number: no NHS number starts with these "
                           "nine digits. Check for a mistyped digit.");
      return NULL;
    }

  if (check != digits->str[NHS_NUMBER_DIGITS - 1] - '0')
    {
      g_set_error_literal (error, CPIS_NHS_NUMBER_ERROR, CPIS_NHS_NUMBER_ERROR_BAD_CHECK_DIGIT,
                           "This is not a valid NHS number: the check digit does not match. "
                           "Check for a mistyped digit.");
      return NULL;
    }

  return g_string_free (g_steal_pointer (&digits), FALSE);
}

gboolean
cpis_nhs_number_is_valid (const char *text)
{
  g_autofree char *digits = NULL;

  if (text == NULL)
    return FALSE;

  digits = cpis_nhs_number_parse (text, NULL);

  return digits != NULL;
}

char *
cpis_nhs_number_format (const char *text)
{
  g_autofree char *digits = NULL;

  if (text == NULL)
    return NULL;

  digits = cpis_nhs_number_parse (text, NULL);
  if (digits == NULL)
    return g_strdup (text);

  return g_strdup_printf ("%.3s %.3s %.4s", digits, digits + 3, digits + 6);
}

char *
cpis_nhs_number_format_unbroken (const char *text)
{
  g_autofree char *digits = NULL;

  if (text == NULL)
    return NULL;

  digits = cpis_nhs_number_parse (text, NULL);
  if (digits == NULL)
    return g_strdup (text);

  return g_strdup_printf ("%.3s\u00a0%.3s\u00a0%.4s", digits, digits + 3, digits + 6);
}

gboolean
cpis_nhs_number_is_test_range (const char *digits)
{
  g_autoptr(GString) bare = NULL;
  gunichar bad_char = 0;

  if (digits == NULL)
    return FALSE;

  bare = g_string_new (NULL);
  if (!collect_digits (digits, bare, &bad_char))
    return FALSE;

  return bare->len == NHS_NUMBER_DIGITS && g_str_has_prefix (bare->str, "999");
}

char *
cpis_nhs_number_partial_digits (const char *text)
{
  g_autoptr(GString) digits = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  digits = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != ' ' && *p != '-')
        return NULL;
    }

  if (digits->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&digits), FALSE);
}
