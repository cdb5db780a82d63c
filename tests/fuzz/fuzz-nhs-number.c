/* fuzz-nhs-number.c: NHS number parsing (cpis-nhs-number.c) on any text */
#include <string.h>

#include "cpis-nhs-number.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autofree char *number = cpis_nhs_number_parse (text, &error);
  g_autofree char *partial = cpis_nhs_number_partial_digits (text);

  /* a number parsed is ten digits with a valid check digit, and parses again to itself */
  g_assert ((number == NULL) != (error == NULL));
  if (number != NULL)
    {
      g_autofree char *again = cpis_nhs_number_parse (number, NULL);

      g_assert (strlen (number) == 10);
      for (guint i = 0; i < 10; i++)
        g_assert (g_ascii_isdigit (number[i]));
      g_assert (again != NULL && strcmp (again, number) == 0);
    }
  if (partial != NULL)
    for (const char *p = partial; *p != '\0'; p++)
      g_assert (g_ascii_isdigit (*p));
  return 0;
}
