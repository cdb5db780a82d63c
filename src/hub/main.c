/* main.c: cpis-hub, the reference CP-IS hub */
#include <locale.h>

#include "cpis-hub-cli.h"

int
main (int argc, char **argv)
{
  /* so that messages keep their “quotes” and … in a UTF-8 locale */
  setlocale (LC_ALL, "");

  return cpis_hub_cli_run (argc, argv);
}
