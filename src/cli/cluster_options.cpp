#include "cli/cluster_options.hpp"

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

CLI::Option* add_file_option(CLI::App& sub, std::string& file, bool required) {
    CLI::Option* option = sub.add_option("-f,--filename", file, "The manifest file ('-': standard input)");
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
    sub.add_option("--context", options.context, "kubeconfig context (default: its current-context)");
    add_duration_option(sub, "--request-timeout", options.request_timeout,
                        "Time limit of each request to the cluster, retries included (0: none)");
}

void add_target_options(CLI::App& sub, TargetOptions& options) {
    add_file_option(sub, options.file);
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
