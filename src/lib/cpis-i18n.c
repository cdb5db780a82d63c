/* cpis-i18n.c: where the program's translations come from
 *
 * Without these three calls gettext looks for the "messages" domain in the
 * system's folder, so no catalogue of ours would ever load.
 */
#include <glib/gi18n-lib.h>

#include "cpis-i18n.h"

void
cpis_i18n_init (const char *localedir)
{
  g_return_if_fail (localedir != NULL);

  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
