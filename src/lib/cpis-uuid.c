/* cpis-uuid.c */
#include "cpis-uuid.h"

char *
cpis_uuid_new (void)
{
  /* Unique, not secret: tokens use cpis-hub-auth.c, which reads getrandom(2) */
  return g_uuid_string_random ();
}

gboolean
cpis_uuid_is_valid (const char *text)
{
  return text != NULL && g_uuid_string_is_valid (text);
}
