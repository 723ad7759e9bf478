// `sysray funclatency PATTERN... [-p PID | -- CMD] [-i SEC] [-d SEC] [--json]`: a log2
// histogram of each matched kernel function's durations, kept in the kernel, printed as BCC's
// funclatency prints it.
#pragma once
#include "commands/function_options.h"

namespace CLI {
class App;
}

namespace sysray {

using FunclatencyOptions = FunctionCommandOptions;

// Registers the `funclatency` subcommand and its options on `app`.
CLI::App* add_funclatency_command(CLI::App& app, FunclatencyOptions& opts);

int run_funclatency(FunclatencyOptions& opts);

}  // namespace sysray
