/* cpis-hub-cli.h: the cpis-hub command line, callable from tests */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs "cpis-hub COMMAND …" as main() would; returns the exit status.
 * @argv is not modified. */
int cpis_hub_cli_run (int argc, char **argv);

G_END_DECLS
