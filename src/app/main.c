/* main.c: cpis-desktop */
#include <locale.h>

#include "cpis-application.h"
#include "cpis-i18n.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(CpisApplication) app = NULL;

  /* before the options are parsed: --help is translated too */
  setlocale (LC_ALL, "");
  cpis_i18n_init (LOCALEDIR);

  app = cpis_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
