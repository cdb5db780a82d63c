/* fuzz-form.c: the hub's sign-in form reader (cpis-hub-form.c) on any bytes */
#include "cpis-hub-form.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) form = cpis_hub_form_parse ((const char *) data, size, &error);
  GHashTableIter iter;
  const char *name, *value;

  /* parsed or refused, never both; what it keeps is UTF-8 without controls */
  g_assert ((form == NULL) != (error == NULL));
  if (form == NULL)
    return 0;
  g_hash_table_iter_init (&iter, form);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, (gpointer *) &value))
    {
      g_assert (*name != '\0' && g_utf8_validate (name, -1, NULL) && g_utf8_validate (value, -1, NULL));
      for (const char *p = value; *p != '\0'; p++)
        g_assert ((guchar) *p >= 0x20 && *p != 0x7f);
    }
  return 0;
}
