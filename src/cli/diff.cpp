// planton-ds diff: what apply would change, as unified diffs on stdout (cli.md "diff").
// Exit 0: no differences (and no output); 1: differences; 3: any error, the invalid
// manifest included, since 1 already means "differences" (ExitConvention::diff).
#include "planton/kube/diff.hpp"

#include <cstdio>
#include <iostream>

#include <unistd.h>

#include "planton/cli/commands.hpp"
#include "planton/error.hpp"
#include "planton/kube/unified_diff.hpp"

#include "cli/cluster_options.hpp"
#include "cli/manifest_input.hpp"

namespace planton::cli {
namespace {

struct DiffCommandOptions {
    std::string file;
    ClusterOptions cluster;
    kube::DiffOptions diff;
};

// Colors of `git diff` for a terminal: headers bold, hunk ranges cyan, removed lines
// red, added lines green.
std::string colored(const std::string& text) {
    std::string out;
    for (const std::string& line : kube::split_lines(text)) {
        const char* color = "";
        if (line.rfind("---", 0) == 0 || line.rfind("+++", 0) == 0) {
            color = "\x1b[1m";
        } else if (line.rfind("@@", 0) == 0) {
            color = "\x1b[36m";
        } else if (!line.empty() && line[0] == '-') {
            color = "\x1b[31m";
        } else if (!line.empty() && line[0] == '+') {
            color = "\x1b[32m";
        }
        out += *color != '\0' ? std::string(color) + line + "\x1b[0m\n" : line + "\n";
    }
    return out;
}

CommandResult run_diff(const DiffCommandOptions& options, const GlobalOptions& globals) {
    const RenderedManifest manifest = load_one_manifest(options.file);
    kube::Connection connection = connect_cluster(options.cluster, stack_input_kubeconfig(manifest.document));
    const kube::DiffResult result = kube::diff_objects(*connection.client, manifest.objects, options.diff);
    const bool color = globals.color && isatty(fileno(stdout)) != 0;
    for (const kube::ObjectDiff& object : result.objects) {
        std::cout << (color ? colored(object.text) : object.text);
    }
    std::cout.flush();
    return {result.failure, result.has_differences()};
}

}  // namespace

CommandRunner setup_diff(CLI::App& sub, const GlobalOptions& globals) {
    auto options = std::make_shared<DiffCommandOptions>();
    sub.add_option("-f,--filename", options->file, "Manifest file (- for standard input)")->required();
    add_cluster_options(sub, options->cluster);
    add_field_manager_options(sub, options->diff.apply);
    return [options, &globals]() { return run_diff(*options, globals); };
}

}  // namespace planton::cli
