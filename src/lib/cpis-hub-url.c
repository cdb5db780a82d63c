/* cpis-hub-url.c: a hub's address, written one way */
#include <string.h>

#include "cpis-hub-url.h"

char *
cpis_hub_url_normalise (const char *text)
{
  char *url = g_strstrip (g_strdup (text != NULL ? text : ""));
  gsize length = strlen (url);

  while (length > 0 && url[length - 1] == '/')
    url[--length] = '\0';

  return url;
}
