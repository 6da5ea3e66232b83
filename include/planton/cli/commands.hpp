#pragma once
// The subcommands. Each adds its CLI11 subcommand and options to the app and returns
// the function that runs it once argv is parsed; that function returns the exit code.
#include <functional>

#include <CLI/CLI.hpp>

namespace planton::cli {

// Options shared by every subcommand (cli.md "Global").
struct GlobalOptions {
    int verbosity = 0;  // -v, repeatable
    bool quiet = false;  // -q: errors only
    bool color = true;   // off with --no-color or NO_COLOR
};

using CommandRunner = std::function<int()>;
using CommandSetup = CommandRunner (*)(CLI::App& sub, const GlobalOptions& globals);

struct Command {
    const char* name;
    const char* summary;
    CommandSetup setup;
};

CommandRunner setup_validate(CLI::App& sub, const GlobalOptions& globals);
CommandRunner setup_render(CLI::App& sub, const GlobalOptions& globals);
CommandRunner setup_apply(CLI::App& sub, const GlobalOptions& globals);
CommandRunner setup_diff(CLI::App& sub, const GlobalOptions& globals);
CommandRunner setup_status(CLI::App& sub, const GlobalOptions& globals);
CommandRunner setup_delete(CLI::App& sub, const GlobalOptions& globals);
CommandRunner setup_schema(CLI::App& sub, const GlobalOptions& globals);
CommandRunner setup_version(CLI::App& sub, const GlobalOptions& globals);

}  // namespace planton::cli
