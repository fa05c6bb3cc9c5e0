/* PLACEHOLDER: being written. */
#include "cli.h"
int cmd_evaluate(cli_global *g, int argc, char **argv)
{
    (void)g; (void)argc; (void)argv;
    cli_error("evaluate: not yet available");
    return CLI_FAILURE;
}
