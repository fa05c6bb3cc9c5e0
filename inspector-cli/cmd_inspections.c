/* PLACEHOLDER: being written. */
#include "cli.h"
int cmd_inspections(cli_global *g, int argc, char **argv)
{
    (void)g; (void)argc; (void)argv;
    cli_error("inspections: not yet available");
    return CLI_FAILURE;
}
