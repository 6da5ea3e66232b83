#pragma once
// Shell completion scripts (bash, zsh, fish), written from the command tree so that they
// know every command and flag the binary has: commands, flags, the values of -o and
// the other choice flags, files for -f and the other path flags, and --context names,
// which the scripts ask `planton-ds __complete contexts [--kubeconfig PATH]` for.
#include <ostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace planton::cli {

// What completes after a flag, or as a command's argument.
enum class CompletionValue { none, any, file, choice, context, command, shell };

struct CompletionFlag {
    std::vector<std::string> names;  // "-f", "--filename"
    std::string help;
    CompletionValue value = CompletionValue::none;  // none: a flag that takes no value
    std::vector<std::string> choices;              // for CompletionValue::choice
    bool repeatable = false;
};

struct CompletionCommand {
    std::string name;
    std::string summary;
    std::vector<CompletionFlag> flags;
    CompletionValue arguments = CompletionValue::none;  // validate: files; help: commands
    std::vector<std::string> argument_choices;          // completion: the shells
};

struct CompletionTree {
    std::vector<CompletionFlag> global_flags;
    std::vector<CompletionCommand> commands;  // hidden ones left out
};

// Reads the tree off a CLI11 app built with every command in full.
CompletionTree completion_tree(const CLI::App& app);

// The shells `completion` writes for.
const std::vector<std::string>& completion_shells();

// Writes the script for `shell` (one of completion_shells()).
void write_completion(std::ostream& out, const std::string& shell, const CompletionTree& tree);

}  // namespace planton::cli
