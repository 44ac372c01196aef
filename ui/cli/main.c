/* ordersim: sync vs async order processing, simulated. The commands are in
 * ui/cli/commands.c. */
#include "ui/cli/commands.h"

int main(int argc, char **argv)
{
    return ui_main(argc, argv);
}
