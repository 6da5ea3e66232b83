#include "cli/cluster_options.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include <unistd.h>

#include "planton/kube/duration.hpp"

namespace planton::cli {

CLI::Option* add_duration_option(CLI::App& sub, const std::string& name, std::chrono::milliseconds& target,
                                 const std::string& description) {
    const CLI::Validator duration(
        [](std::string& text) -> std::string {
            if (kube::parse_duration(text)) return "";
            return "\"" + text + "\" is not a duration (write it like 90s, 5m, 1h30m or 500ms)";
        },
        "DURATION");
    return sub
        .add_option_function<std::string>(
            name, [&target](const std::string& text) { target = *kube::parse_duration(text); }, description)
        ->check(duration)
        ->default_str(kube::format_duration(target));
}

const CLI::Validator& existing_input() {
    static const CLI::Validator validator(
        [](std::string& input) -> std::string {
            std::error_code ec;
            if (input == "-") return {};
            if (!std::filesystem::exists(input, ec)) return "No such file or folder: " + input;
            if (::access(input.c_str(), R_OK) != 0) return "Cannot read " + input + ": permission denied";
            return {};
        },
        "PATH");
    return validator;
}

CLI::Option* add_file_option(CLI::App& sub, std::vector<std::string>& files, bool required) {
    CLI::Option* option = sub.add_option(
        "-f,--filename", files,
        "A manifest file, or a folder of them (*.yaml, *.yml, recursively); repeatable; '-': standard input")
        ->check(existing_input());
    if (required) option->required();
    return option;
}

void add_docker_config_option(CLI::App& sub, std::string& path) {
    sub.add_option("--docker-config-json", path, "A .dockerconfigjson file for the image pull Secret")
        ->check(CLI::ExistingFile);
}

void add_cluster_options(CLI::App& sub, ClusterOptions& options) {
    sub.add_option("--kubeconfig", options.kubeconfig,
                   "kubeconfig file (default: KUBECONFIG, else ~/.kube/config, else the in-cluster config)");
    auto* context = sub.add_option_function<std::vector<std::string>>(
        "--context",
        [&options](const std::vector<std::string>& values) {
            for (const std::string& value : values) {
                size_t start = 0;
                while (start <= value.size()) {
                    size_t end = value.find(',', start);
                    if (end == std::string::npos) end = value.size();
                    const std::string name = value.substr(start, end - start);
                    start = end + 1;
                    if (name.empty()) continue;
                    if (std::find(options.contexts.begin(), options.contexts.end(), name) ==
                        options.contexts.end())
                        options.contexts.push_back(name);
                }
            }
        },
        "kubeconfig context (default: its current-context); repeatable, or a,b,c: run on each");
    auto* all =
        sub.add_flag("--all-contexts", options.all_contexts, "Run on every context of the kubeconfig");
    context->excludes(all);
    sub.add_option("--parallel", options.parallel, "How many contexts run at once")
        ->check(CLI::Range(1, 256))
        ->default_str(std::to_string(options.parallel));
    sub.add_flag("--fail-fast", options.fail_fast,
                 "Start no further context after one failed (with --parallel 1: a canary rollout)");
    add_duration_option(sub, "--request-timeout", options.request_timeout,
                        "Time limit of each request to the cluster, retries included (0: none)");
}

void add_target_options(CLI::App& sub, TargetOptions& options) {
    add_file_option(sub, options.files);
    add_cluster_options(sub, options.cluster);
}

void add_field_manager_options(CLI::App& sub, kube::ApplyOptions& options) {
    sub.add_option("--field-manager", options.field_manager,
                   "The field manager of server-side apply (for diff: the one apply uses)")
        ->check(CLI::Validator(
            [](const std::string& name) {
                return name.empty() ? std::string("must not be empty") : std::string();
            },
            "NAME"))
        ->default_str(options.field_manager);
    sub.add_flag("--force-conflicts", options.force,
                 "Take over fields that another field manager owns (force=true)");
}

}  // namespace planton::cli
