/* PLACEHOLDER: inspector screen is being written. */
#include "cli.h"
int cmd_screen(cli_global *g, int argc, char **argv)
{
    (void)g; (void)argc; (void)argv;
    cli_error("screen: not yet available");
    return CLI_FAILURE;
}
