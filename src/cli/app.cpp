#include "planton/cli/app.hpp"

#include <cstdlib>
#include <exception>
#include <iostream>
#include <memory>
#include <string_view>

#include <spdlog/spdlog.h>

#include "planton/cli/commands.hpp"
#include "planton/error.hpp"

#include "cli/command_tree.hpp"
#include "cli/console.hpp"
#include "cli/exit_code.hpp"
#include "cli/usage_error.hpp"

namespace planton::cli {
namespace {

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

// The command word: the first argument that is not a flag. The global flags before it
// (-v, -q, --no-color, --help, --version) take no value, so nothing else can come first.
std::string_view command_word(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--") return i + 1 < argc ? std::string_view(argv[i + 1]) : std::string_view();
        if (arg.empty() || arg.front() != '-') return arg;
    }
    return {};
}

int usage_error(const std::string& message) {
    std::cerr << "planton-ds: error: " << message << "\n";
    return exit_code(CommandResult{Failure{FailureKind::Usage, message}}, ExitConvention::standard);
}

std::string command_list() {
    std::string names;
    for (const Command& command : command_table())
        if (!command.hidden) names += (names.empty() ? "" : ", ") + std::string(command.name);
    return names;
}

}  // namespace

int run(int argc, char** argv) {
    const std::string_view word = command_word(argc, argv);
    const Command* chosen = word.empty() ? nullptr : find_command(word);
    if (!word.empty() && chosen == nullptr) return usage_error(unknown_command_message(word));

    // Only the chosen command's options are built: the others' are never read.
    CommandTree tree(chosen);
    try {
        tree.app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return tree.app.exit(e);  // --help, --version: printed on stdout
        return usage_error(describe_parse_error(e, word));
    }
    if (!tree.runner) return usage_error("no command given; the commands are " + command_list() +
                                         " (see planton-ds --help)");
    if (tree.no_color || std::getenv("NO_COLOR") != nullptr) tree.globals.color = false;

    CommandResult result;
    try {
        configure_logging(tree.globals);
        result = tree.runner();
    } catch (const Error& e) {
        result.failure = e.failure();
    } catch (const std::exception& e) {
        result.failure = Failure{FailureKind::Invalid, e.what()};
    }
    if (result.failure && !result.failure->message.empty())
        std::cerr << "planton-ds: error: " << result.failure->message << "\n";
    return exit_code(result, tree.selected->exits);
}

}  // namespace planton::cli
