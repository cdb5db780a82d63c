/* main.c: cpis-desktop */
#include <glib/gi18n.h>

#include "cpis-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(CpisApplication) app = NULL;

  app = cpis_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
