#include "cli/command_tree.hpp"

#include <algorithm>
#include <vector>

#include "cli/build_info.hpp"

namespace planton::cli {
namespace {

constexpr Command kCommands[] = {
    {"validate", "Check manifests offline: errors and lint warnings", setup_validate},
    {"render", "Print the Kubernetes objects a manifest stands for", setup_render},
    {"apply", "Deploy a manifest with server-side apply and wait for the rollout", setup_apply},
    {"diff", "Show what apply would change in the cluster", setup_diff, ExitConvention::diff},
    {"status", "Show the DaemonSet's rollout, node coverage, pods per node and Warning events", setup_status},
    {"restart", "Replace the DaemonSet's pods without a change to the manifest", setup_restart},
    {"delete", "Delete the objects a manifest created", setup_delete},
    {"schema", "Print the JSON Schema of the manifest, for editors", setup_schema},
    {"version", "Print the version and the git commit it was built from", setup_version},
    {"help", "Show the help of planton-ds or of one command", setup_help},
    {"completion", "Print the shell completion script for bash, zsh or fish", setup_completion},
    {"__complete", "Candidates for a completion script", setup_complete, ExitConvention::standard, true},
    {"__man-page", "The man page, in roff", setup_man_page, ExitConvention::standard, true},
};

// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
// two neighbouring characters, each one edit ("valdiate" is one edit from "validate").
size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
    for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.size()][b.size()];
}

}  // namespace

std::span<const Command> command_table() { return kCommands; }

const Command* find_command(std::string_view name) {
    for (const Command& command : kCommands) {
        if (name == command.name) return &command;
    }
    return nullptr;
}

const Command* closest_command(std::string_view typo) {
    if (typo.empty()) return nullptr;
    const Command* best = nullptr;
    size_t best_distance = 3;
    for (const Command& command : kCommands) {
        if (command.hidden) continue;
        const size_t distance = edit_distance(typo, command.name);
        if (distance < best_distance && distance < typo.size()) {
            best = &command;
            best_distance = distance;
        }
    }
    if (best) return best;
    for (const Command& command : kCommands) {
        if (!command.hidden && std::string_view(command.name).starts_with(typo)) return &command;
    }
    return nullptr;
}

std::string unknown_command_message(std::string_view word) {
    std::string message = "unknown command \"" + std::string(word) + "\"";
    if (const Command* closest = closest_command(word))
        message += "; did you mean \"" + std::string(closest->name) + "\"?";
    return message + " (planton-ds help lists the commands)";
}

CommandTree::CommandTree(const Command* only)
    : app("planton-ds: deploy Kubernetes DaemonSets from KubernetesDaemonSet manifests", "planton-ds") {
    app.fallthrough();
    app.footer(
        "Exit status: 0 success (diff: no differences); 1 an invalid manifest, a refusal, a timeout or a\n"
        "rollout that did not converge (diff: differences); 2 a usage error; 3 the cluster could not be\n"
        "reached or refused the credentials (diff: any error).\n"
        "Run 'planton-ds help COMMAND' (or 'planton-ds COMMAND --help') for the flags of a command.");
    app.set_version_flag("--version", [] { return version_line(); }, "Print the version and the git commit, then exit");
    app.add_flag("-v,--verbose", globals.verbosity, "More detail (repeatable: -vv adds bodies)");
    app.add_flag("-q,--quiet", globals.quiet, "Errors only");
    app.add_flag("--no-color", no_color, "No colors (also NO_COLOR)");
    for (const Command& command : kCommands) {
        if (only != nullptr && only != &command) continue;
        CLI::App* sub = app.add_subcommand(command.name, command.summary);
        if (command.hidden) sub->group("");
        CommandRunner run = command.setup(*sub, globals);
        sub->final_callback([this, run, &command] {
            selected = &command;
            runner = run;
        });
    }
}

}  // namespace planton::cli
