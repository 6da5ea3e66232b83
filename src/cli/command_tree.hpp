#pragma once
// The table of subcommands (ninja's kTools[]) and the CLI11 app built from it. `run`
// builds the app with only the chosen command (see ARCHITECTURE.md, "Start fast");
// the top-level --help, `completion` and the man page build it whole.
#include <span>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "planton/cli/commands.hpp"

namespace planton::cli {

// Every subcommand, in the order --help lists them.
std::span<const Command> command_table();

// The command called `name`, or nullptr.
const Command* find_command(std::string_view name);

// The command a mistyped name most likely meant: the nearest by edit distance (a swap of
// two neighbours counts as one edit), at most 2 edits away and less than the typo's
// length, or one whose name starts with the typo. nullptr when none is that close.
const Command* closest_command(std::string_view typo);

// `unknown command "valdate"; did you mean "validate"?`, with the rest of the sentence.
std::string unknown_command_message(std::string_view word);

// The app: the global flags (-v, -q, --no-color, --version, --help) and the commands.
// Not copyable: each command's callback writes into it.
struct CommandTree {
    // `only`: that command alone, with its options (the others are never parsed, and
    // CLI11 would read their names as commands even where `help` takes one as a value).
    // nullptr: every command, for the top-level --help, completion and the man page.
    explicit CommandTree(const Command* only);
    CommandTree(const CommandTree&) = delete;
    CommandTree& operator=(const CommandTree&) = delete;

    CLI::App app;
    GlobalOptions globals;
    bool no_color = false;
    // Set when the parse reached a command's callback.
    const Command* selected = nullptr;
    CommandRunner runner;
};

}  // namespace planton::cli
