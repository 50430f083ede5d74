// The `condlab` executable: the command line (cli.h), and the GUI when it is built in.
#include "cli/cli.h"

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    condlab::cli::GuiFunction gui;
    return condlab::cli::run_cli(args, std::cout, std::cerr, gui);
}
