// planton-ds diff: what apply would change, as unified diffs on stdout (cli.md "diff").
// Exit 0: no differences (and no output); 1: differences; 3: any error, the invalid
// manifest included, since 1 already means "differences" (ExitConvention::diff).
#include "planton/kube/diff.hpp"

#include <cstdio>

#include <unistd.h>

#include <spdlog/spdlog.h>

#include "planton/cli/commands.hpp"
#include "planton/kube/preflight.hpp"
#include "planton/kube/unified_diff.hpp"

#include "cli/cluster_runner.hpp"
#include "cli/console.hpp"
#include "cli/preflight_report.hpp"

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

// diff on one target: each manifest compared, its diffs printed as they come.
std::vector<ManifestResult> diff_on(ClusterTarget& target, const DiffCommandOptions& options, bool color) {
    std::vector<ManifestResult> results;
    for_each_manifest(target, results, [&](size_t, const RenderedManifest& manifest, ManifestResult& result) {
        const kube::DiffResult diff = kube::diff_objects(target.client(), manifest.objects, options.diff);
        std::string text;
        for (const kube::ObjectDiff& object : diff.objects)
            text += color ? colored(object.text) : object.text;
        if (!text.empty()) console().print(Stream::out, text);
        result.failure = diff.failure;
        result.differences = result.changed = diff.has_differences();
        result.result = result.differences ? "differences" : "in sync";
        if (diff.failure) return;
        // Preflight results follow the diff; an error counts as a difference (exit 1).
        const kube::PreflightResult preflight = kube::run_preflight(target.client(), manifest.objects);
        print_preflight(preflight);
        for (const auto& error : preflight.errors) spdlog::error("error: {}", error);
        if (preflight.failure) {
            result.failure = preflight.failure;
        } else if (!preflight.errors.empty()) {
            result.differences = true;
            result.result = "preflight error";
        }
    });
    return results;
}

}  // namespace

CommandRunner setup_diff(CLI::App& sub, const GlobalOptions& globals) {
    auto options = std::make_shared<DiffCommandOptions>();
    add_target_options(sub, options->target);
    add_field_manager_options(sub, options->diff.apply);
    add_docker_config_option(sub, options->target.docker_config_json);
    return [options, &globals] {
        const bool color = globals.color && isatty(fileno(stdout)) != 0;
        return run_cluster_command(options->target,
                                   {[&](ClusterTarget& target) { return diff_on(target, *options, color); }});
    };
}

}  // namespace planton::cli
