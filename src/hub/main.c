/* main.c: cpis-hub, the reference CP-IS hub */
#include "cpis-hub-cli.h"

int
main (int argc, char **argv)
{
  return cpis_hub_cli_run (argc, argv);
}
