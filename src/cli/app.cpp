#include "planton/cli/app.hpp"

#include <cstdlib>
#include <exception>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "planton/cli/commands.hpp"
#include "planton/error.hpp"

#include "cli/console.hpp"
#include "cli/exit_code.hpp"

namespace planton::cli {
namespace {

// The table of subcommands, in the order --help lists them.
constexpr Command kCommands[] = {
    {"validate", "Check manifests offline: errors and lint warnings", setup_validate},
    {"render", "Print the Kubernetes objects a manifest stands for", setup_render},
    {"apply", "Deploy a manifest with server-side apply and wait for the rollout", setup_apply},
    {"diff", "Show what apply would change in the cluster", setup_diff, ExitConvention::diff},
    {"status", "Show the DaemonSet's rollout and its pods per node", setup_status},
    {"restart", "Replace the DaemonSet's pods without a change to the manifest", setup_restart},
    {"delete", "Delete the objects a manifest created", setup_delete},
    {"schema", "Print the JSON Schema of the manifest, for editors", setup_schema},
    {"version", "Print the version", setup_version},
};

// Progress, logs and errors go to stderr so that stdout carries only results; both go
// through the console, which keeps lines of concurrent work whole and prefixed.
void configure_logging(const GlobalOptions& globals) {
    console().reset(terminal_settings(globals.quiet || globals.verbosity > 0));
    auto logger = std::make_shared<spdlog::logger>("planton-ds", console_sink());
    logger->set_pattern("%v");
    if (globals.quiet) {
        logger->set_level(spdlog::level::err);
    } else if (globals.verbosity >= 2) {
        logger->set_level(spdlog::level::trace);
    } else if (globals.verbosity == 1) {
        logger->set_level(spdlog::level::debug);
    } else {
        logger->set_level(spdlog::level::info);
    }
    spdlog::set_default_logger(logger);
}

}  // namespace

int run(int argc, char** argv) {
    GlobalOptions globals;
    CLI::App app{"planton-ds: deploy Kubernetes DaemonSets from KubernetesDaemonSet manifests",
                 "planton-ds"};
    app.require_subcommand(1);
    app.fallthrough();
    app.add_flag("-v,--verbose", globals.verbosity, "More detail (repeatable: -vv adds bodies)");
    app.add_flag("-q,--quiet", globals.quiet, "Errors only");
    bool no_color = false;
    app.add_flag("--no-color", no_color, "No colors (also NO_COLOR)");

    CommandRunner selected;
    ExitConvention exits = ExitConvention::standard;
    for (const Command& command : kCommands) {
        CLI::App* sub = app.add_subcommand(command.name, command.summary);
        CommandRunner runner = command.setup(*sub, globals);
        sub->final_callback([&selected, &exits, runner, &command] {
            selected = runner;
            exits = command.exits;
        });
    }

    const CommandResult usage{Failure{FailureKind::Usage, ""}};
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // CLI11 prints the message (or the help); its own codes (105, 109, …) are a usage error.
        return exit_code(app.exit(e) == 0 ? CommandResult{} : usage, ExitConvention::standard);
    }
    if (no_color || std::getenv("NO_COLOR") != nullptr) {
        globals.color = false;
    }
    CommandResult result = usage;
    try {
        configure_logging(globals);
        if (selected) result = selected();
    } catch (const Error& e) {
        result.failure = e.failure();
    } catch (const std::exception& e) {
        result.failure = Failure{FailureKind::Invalid, e.what()};
    }
    if (result.failure && !result.failure->message.empty())
        std::cerr << "planton-ds: error: " << result.failure->message << "\n";
    return exit_code(result, exits);
}

}  // namespace planton::cli
