#pragma once
// The subcommands. Each adds its CLI11 subcommand and options to the app and returns
// the function that runs it once argv is parsed; that function says how the command
// ended, and cli::run turns that into the exit code (cli/exit_code.hpp).
#include <functional>
#include <optional>

#include <CLI/CLI.hpp>

#include "planton/error.hpp"

namespace planton::cli {

// Options shared by every subcommand (cli.md "Global").
struct GlobalOptions {
    int verbosity = 0;  // -v, repeatable
    bool quiet = false;  // -q: errors only
    bool color = true;   // off with --no-color or NO_COLOR
};

// How a command ended. A failure may also be thrown as planton::Error; either way
// cli::run prints its message ("planton-ds: error: …", unless empty because the details
// were printed already) and picks the exit code.
struct CommandResult {
    std::optional<Failure> failure;  // nullopt: the command did what it was asked
    bool differences = false;        // diff: differences found
};

// Which column of cli.md's exit codes a command follows (exit_code.hpp).
enum class ExitConvention {
    standard,
    diff,  // kubectl diff's: 1 means "differences", every failure is 3
};

using CommandRunner = std::function<CommandResult()>;
using CommandSetup = CommandRunner (*)(CLI::App& sub, const GlobalOptions& globals);

struct Command {
    const char* name;
    const char* summary;
    CommandSetup setup;
    ExitConvention exits = ExitConvention::standard;
    bool hidden = false;  // left out of --help, completion and suggestions (__complete)
};

CommandRunner setup_validate(CLI::App& sub, const GlobalOptions& globals);
CommandRunner setup_render(CLI::App& sub, const GlobalOptions& globals);
CommandRunner setup_apply(CLI::App& sub, const GlobalOptions& globals);
CommandRunner setup_diff(CLI::App& sub, const GlobalOptions& globals);
CommandRunner setup_status(CLI::App& sub, const GlobalOptions& globals);
CommandRunner setup_delete(CLI::App& sub, const GlobalOptions& globals);
CommandRunner setup_restart(CLI::App& sub, const GlobalOptions& globals);
CommandRunner setup_schema(CLI::App& sub, const GlobalOptions& globals);
CommandRunner setup_version(CLI::App& sub, const GlobalOptions& globals);
CommandRunner setup_help(CLI::App& sub, const GlobalOptions& globals);
CommandRunner setup_completion(CLI::App& sub, const GlobalOptions& globals);
CommandRunner setup_complete(CLI::App& sub, const GlobalOptions& globals);
CommandRunner setup_man_page(CLI::App& sub, const GlobalOptions& globals);

}  // namespace planton::cli
