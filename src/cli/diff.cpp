// planton-ds diff: what apply would change, as unified diffs on stdout (cli.md "diff").
// Exit 0: no differences (and no output); 1: differences; 3: any error, the invalid
// manifest included, since 1 already means "differences" (ExitConvention::diff).
#include "planton/kube/diff.hpp"

#include <cstdio>
#include <iostream>

#include <unistd.h>

#include "planton/cli/commands.hpp"
#include "planton/kube/unified_diff.hpp"

#include "cli/cluster_target.hpp"

namespace planton::cli {
namespace {

struct DiffCommandOptions {
    TargetOptions target;
    kube::DiffOptions diff;  // --field-manager, --force-conflicts
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

// diff on one target: every manifest compared, up to the first failure.
kube::DiffResult diff_on(ClusterTarget& target, const DiffCommandOptions& options) {
    kube::DiffResult all;
    for (const RenderedManifest& manifest : target.manifests) {
        kube::DiffResult result = kube::diff_objects(target.client(), manifest.objects, options.diff);
        all.objects.insert(all.objects.end(), result.objects.begin(), result.objects.end());
        all.failure = std::move(result.failure);
        if (all.failure) break;
    }
    return all;
}

void print_diffs(const kube::DiffResult& result, bool color) {
    for (const kube::ObjectDiff& object : result.objects)
        std::cout << (color ? colored(object.text) : object.text);
    std::cout.flush();
}

}  // namespace

CommandRunner setup_diff(CLI::App& sub, const GlobalOptions& globals) {
    auto options = std::make_shared<DiffCommandOptions>();
    add_target_options(sub, options->target);
    add_field_manager_options(sub, options->diff.apply);
    add_docker_config_option(sub, options->target.docker_config_json);
    return [options, &globals] {
        return run_on_cluster(options->target, [&](ClusterTarget& target) -> CommandResult {
            const kube::DiffResult result = diff_on(target, *options);
            print_diffs(result, globals.color && isatty(fileno(stdout)) != 0);
            return {result.failure, result.has_differences()};
        });
    };
}

}  // namespace planton::cli
