/* cpis-nhs-number.h: parsing, checking and formatting NHS numbers
 *
 * An NHS number is ten digits; the tenth is a Modulus 11 check digit.
 * Users type it with spaces or dashes ("999 123 4567", "999-123-4567");
 * everything in the project stores and sends the bare ten digits.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CPIS_NHS_NUMBER_ERROR (cpis_nhs_number_error_quark ())

typedef enum
{
  CPIS_NHS_NUMBER_ERROR_EMPTY,              /* nothing but separators */
  CPIS_NHS_NUMBER_ERROR_INVALID_CHARACTER,  /* a letter or symbol other than space or dash */
  CPIS_NHS_NUMBER_ERROR_TOO_SHORT,          /* fewer than ten digits */
  CPIS_NHS_NUMBER_ERROR_TOO_LONG,           /* more than ten digits */
  CPIS_NHS_NUMBER_ERROR_CHECK_DIGIT_TEN,    /* the Modulus 11 check gives 10: never a valid number */
  CPIS_NHS_NUMBER_ERROR_BAD_CHECK_DIGIT,    /* the tenth digit does not match the check */
} CpisNhsNumberError;

GQuark    cpis_nhs_number_error_quark      (void);

/* Returns the bare ten digits, or NULL with a CPIS_NHS_NUMBER_ERROR whose
 * message is a sentence a clinician can read ("The check digit does not match…"). */
char     *cpis_nhs_number_parse            (const char  *text,
                                            GError     **error);
gboolean  cpis_nhs_number_is_valid         (const char  *text);
/* Ten valid digits → "999 123 4567"; anything else is returned unchanged (copied). */
char     *cpis_nhs_number_format           (const char  *text);
/* The same with no-break spaces, "999 123 4567", for labels: a number never
 * splits across two lines, where it could be misread */
char     *cpis_nhs_number_format_unbroken  (const char  *text);
/* The check digit for nine digits, 0–9, or -1 when the check gives 10 (or input is bad). */
int       cpis_nhs_number_check_digit      (const char  *nine_digits);
/* The digits of @text if it is nothing but digits, spaces and dashes (an
 * NHS number typed in part, for a search), else NULL */
char     *cpis_nhs_number_partial_digits   (const char  *text);
/* TRUE for 999 000 0000 – 999 999 9999, the range never issued to real people. */
gboolean  cpis_nhs_number_is_test_range    (const char  *digits);

G_END_DECLS
